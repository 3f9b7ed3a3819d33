import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createIdentityApp } from './app';

runMain(() => createIdentityApp());
