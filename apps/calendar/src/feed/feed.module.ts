import { Module } from '@nestjs/common';
import { FeedHandler } from './feed.handler';
import { FeedPolicy } from './feed.policy';
import { FeedRepository } from './feed.repository';
import { FeedService } from './feed.service';

/**
 * A member's iCalendar feed of a village (RFC 5545, ical-generator), fetched with a revocable
 * per-member token. Reads the events' tables through its own stored function; village access
 * comes from the global AccessModule.
 */
@Module({ controllers: [FeedHandler], providers: [FeedRepository, FeedPolicy, FeedService] })
export class FeedModule {}
