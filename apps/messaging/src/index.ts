export { createMessagingApp } from './app';
