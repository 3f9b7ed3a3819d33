import { Module } from '@nestjs/common';
import { SearchHandler } from './search.handler';
import { SearchLanguage } from './search-language';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/** Full-text search over a village's posts and the caller's messages (PostgreSQL tsvector + GIN). */
@Module({ controllers: [SearchHandler], providers: [SearchRepository, SearchLanguage, SearchService] })
export class SearchModule {}
