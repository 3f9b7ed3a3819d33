import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createMessagingApp } from './app';

runMain(() => createMessagingApp());
