import 'reflect-metadata';
import { runMain } from '@vv/platform';
import { createFilesApp } from './app';

runMain(() => createFilesApp());
