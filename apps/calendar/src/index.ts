export { createCalendarApp } from './app';
