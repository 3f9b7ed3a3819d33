import type { EventEnvelope } from '@vv/contracts';
import { audienceOf, viewOf, type AudienceResult, type Viewer } from './audience';
import { frame } from './stream-protocol';

/** One feed event with its audience, decided once; its frames are serialised once, on first use. */
export class FeedItem {
  readonly result: AudienceResult;
  private fullFrame?: string;
  private redactedFrame?: string;

  constructor(
    readonly seq: number,
    readonly event: EventEnvelope,
  ) {
    this.result = audienceOf(event);
  }

  /** The frame `viewer` gets, or null when the event is not theirs to see. */
  frameFor(viewer: Viewer): string | null {
    if (this.result.kind !== 'audience') return null;
    const view = viewOf(this.event, this.result.audience, viewer);
    if (!view) return null;
    const id = String(this.seq);
    if (view.redacted) {
      this.redactedFrame ??= frame({ type: 'event', id, event: view.event, redacted: true });
      return this.redactedFrame;
    }
    this.fullFrame ??= frame({ type: 'event', id, event: view.event });
    return this.fullFrame;
  }
}
