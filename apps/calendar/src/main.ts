import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createCalendarApp } from './app';

runMain(() => createCalendarApp());
