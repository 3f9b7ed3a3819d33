import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createNotificationsApp } from './app';

runMain(() => createNotificationsApp());
