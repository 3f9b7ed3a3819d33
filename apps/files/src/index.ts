export { createFilesApp } from './app';
