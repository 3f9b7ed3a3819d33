import { Module } from '@nestjs/common';
import { CommandForwarder } from './command-forwarder';

@Module({ providers: [CommandForwarder], exports: [CommandForwarder] })
export class RoutingModule {}
