import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger } from '@vv/platform';
import type { MessagingConfig } from '../config';
import { SearchRepository } from './search.repository';

/**
 * Writes `SEARCH_LANGUAGE` to `messaging.search_settings` at start, before any command is served;
 * when it differs from the stored one, every post's and message's search vector is re-computed
 * (in that one call). Every replica must be configured with the same language.
 */
@Injectable()
export class SearchLanguage implements OnModuleInit {
  constructor(
    private readonly repository: SearchRepository,
    @Inject(CONFIG) private readonly config: MessagingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const change = await this.repository.setLanguage(this.config.SEARCH_LANGUAGE);
    if (change.changed) {
      this.logger.info(
        {
          language: change.language,
          posts: Number(change.reindexedPosts),
          messages: Number(change.reindexedMessages),
        },
        'search language changed; search vectors re-computed',
      );
    }
  }
}
