import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createGatewayApp } from './app';

runMain(() => createGatewayApp());
