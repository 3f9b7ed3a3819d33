import { Injectable } from '@nestjs/common';
import { EVENT_LIST_MAX_BYTES, EVENT_LIST_MAX_OCCURRENCES, type EventOccurrence } from '@vv/contracts';
import { ServiceError, type Actor } from '@vv/platform';
import { SINGLE_EVENT_OCCURRENCE, type EventRow } from './event-row';
import { checkedRange } from './event-times';
import { toOccurrence } from './event-view';
import { EventsPolicy } from './events.policy';
import { EventsRepository } from './events.repository';
import { ExpansionBudgetError, WorkPacer } from './expansion-pacer';
import { expandOccurrences, OCCURRENCE_STEPS, type Occurrence } from './recurrence';

/**
 * Expansion steps one range query may take: well above what EVENT_LIST_MAX_OCCURRENCES
 * occurrences of as many events cost (a year of days each), far below what would keep the
 * service busy; only rules stored before today's checks (a COUNT counted from a distant first
 * occurrence) come near it.
 */
export const LIST_EXPANSION_BUDGET_STEPS = EVENT_LIST_MAX_OCCURRENCES * (1500 + 2 * OCCURRENCE_STEPS);

/** Steps an answer's item costs (its view and JSON size). */
const ITEM_STEPS = 20;

const utf8 = new TextEncoder();

/** A range the answer cannot carry: the caller asks for a smaller one. */
const tooLarge = (what: string): ServiceError =>
  ServiceError.invalid(
    [{ field: 'to', reason: `the range holds ${what}; ask for a smaller range` }],
    'The range is too large for one answer',
  );

/**
 * A village's occurrences in a window, with attendance counts from one query. Bounded at every
 * step: at most EVENT_LIST_MAX_OCCURRENCES candidates from the database and occurrences in the
 * answer, EVENT_LIST_MAX_BYTES of JSON, LIST_EXPANSION_BUDGET_STEPS of expansion work — beyond
 * any of them the range is refused (400 on `to`), never truncated silently. Expansion yields to
 * the event loop between slices of work, so one village's large range does not hold up another's.
 */
@Injectable()
export class EventListService {
  constructor(
    private readonly events: EventsRepository,
    private readonly policy: EventsPolicy,
  ) {}

  async list(actor: Actor, villageId: string, from: string, to: string): Promise<EventOccurrence[]> {
    const [start, end] = await this.rangeOf(actor, villageId, from, to);
    // The caller's membership facts and the events in one statement; the events are dropped on a refusal.
    const rows = await this.policy.readWith(actor, () =>
      this.events.listInRangeWithMembership(
        villageId,
        actor.userId,
        start.toISOString(),
        end.toISOString(),
        EVENT_LIST_MAX_OCCURRENCES + 1,
      ),
    );
    if (rows.length > EVENT_LIST_MAX_OCCURRENCES)
      throw tooLarge(`more than ${EVENT_LIST_MAX_OCCURRENCES} events`);
    const pacer = new WorkPacer(LIST_EXPANSION_BUDGET_STEPS);
    try {
      const expanded = await this.expand(rows, start, end, pacer);
      return await this.itemsOf(actor, villageId, rows, expanded, pacer);
    } catch (error) {
      if (error instanceof ExpansionBudgetError) throw tooLarge('series too costly to expand together');
      throw error;
    }
  }

  /** The checked range; a caller refused the village is told that first, as when access came before the range. */
  private async rangeOf(actor: Actor, villageId: string, from: string, to: string): Promise<[Date, Date]> {
    try {
      return checkedRange(from, to);
    } catch (error) {
      await this.policy.assertRead(actor, villageId);
      throw error;
    }
  }

  private async expand(
    rows: EventRow[],
    start: Date,
    end: Date,
    pacer: WorkPacer,
  ): Promise<Array<[EventRow, Occurrence]>> {
    const expanded: Array<[EventRow, Occurrence]> = [];
    for (const row of rows) {
      for (const occurrence of await expandOccurrences(row, row.exceptions, start, end, pacer)) {
        expanded.push([row, occurrence]);
      }
      if (expanded.length > EVENT_LIST_MAX_OCCURRENCES) {
        throw tooLarge(`more than ${EVENT_LIST_MAX_OCCURRENCES} occurrences`);
      }
      await pacer.pause();
    }
    return expanded;
  }

  private async itemsOf(
    actor: Actor,
    villageId: string,
    rows: EventRow[],
    expanded: Array<[EventRow, Occurrence]>,
    pacer: WorkPacer,
  ): Promise<EventOccurrence[]> {
    const keyOf = (row: EventRow, originalStart: string): string =>
      row.rrule === null ? SINGLE_EVENT_OCCURRENCE : originalStart;
    const counts = await this.events.countAttendance(
      expanded.map(([row, occurrence]) => ({
        eventId: row.id,
        occurrenceStart: keyOf(row, occurrence.originalStart),
      })),
      actor.userId,
    );
    const countsByKey = new Map(
      counts.map((count) => [`${count.eventId} ${count.occurrenceStart ?? SINGLE_EVENT_OCCURRENCE}`, count]),
    );
    const manages = rows.some((row) => row.visibility === 'busy')
      ? await this.policy.canManage(actor, villageId)
      : false;
    const items: EventOccurrence[] = [];
    let bytes = 0;
    for (const [row, occurrence] of expanded) {
      const count = countsByKey.get(`${row.id} ${keyOf(row, occurrence.originalStart)}`);
      const item = toOccurrence(row, occurrence, await this.policy.seesDetails(actor, row, manages), {
        counts: { yes: count?.yes ?? 0, no: count?.no ?? 0, maybe: count?.maybe ?? 0 },
        myStatus: count?.myStatus ?? null,
      });
      // The answer travels as one NATS message: refuse it before it outgrows one.
      bytes += utf8.encode(JSON.stringify(item)).length + 1;
      if (bytes > EVENT_LIST_MAX_BYTES)
        throw tooLarge(`more than ${EVENT_LIST_MAX_BYTES / 1024} KiB of events`);
      items.push(item);
      pacer.spend(ITEM_STEPS);
      await pacer.pause();
    }
    return items.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  }
}
