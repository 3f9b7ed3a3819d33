// The typed maps of every command and event: a message is registered here once it has its folder.
export { COMMANDS, type CommandKey } from './command-catalogue';
export { EVENTS, findEvent, type EventKey } from './event-catalogue';
