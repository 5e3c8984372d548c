/**
 * Feeds this cache has followed, each with its cursor: the last batch held in sequence and the feed clock of the
 * newest batch whose clock was accepted. The cursor is written in the same transaction as the readings it covers.
 */
import type Database from 'better-sqlite3';

export interface Cursor {
  feedId: string;
  lastSeq: number | null;
  feedTime: number | null;
  name: string;
  url: string;
}

interface FeedRow {
  feed_id: string;
  name: string;
  url: string;
  last_seq: number | null;
  feed_time: number | null;
}

export class FeedTable {
  private readonly upsertFeed: Database.Statement<{ feedId: string; name: string; url: string; now: number }>;
  private readonly upsertCursor: Database.Statement<{ feedId: string; lastSeq: number | null; feedTime: number | null; now: number }>;
  private readonly newest: Database.Statement<[], FeedRow>;
  private readonly one: Database.Statement<[string], FeedRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {
    this.upsertFeed = db.prepare(
      `INSERT INTO feeds (feed_id, name, url, last_seq, feed_time, updated_at) VALUES (@feedId, @name, @url, NULL, NULL, @now)
       ON CONFLICT(feed_id) DO UPDATE SET name = @name, url = @url, updated_at = @now`,
    );
    // A batch whose clock was rejected (feedTime null) advances the sequence only; the stored clock never goes back.
    this.upsertCursor = db.prepare(
      `INSERT INTO feeds (feed_id, name, url, last_seq, feed_time, updated_at) VALUES (@feedId, '', '', @lastSeq, @feedTime, @now)
       ON CONFLICT(feed_id) DO UPDATE SET last_seq = @lastSeq, feed_time = max(coalesce(feed_time, @feedTime), coalesce(@feedTime, feed_time)), updated_at = @now`,
    );
    this.newest = db.prepare('SELECT feed_id, name, url, last_seq, feed_time FROM feeds ORDER BY updated_at DESC LIMIT 1');
    this.one = db.prepare('SELECT feed_id, name, url, last_seq, feed_time FROM feeds WHERE feed_id = ?');
  }

  save(feedId: string, name: string, url: string): void {
    this.upsertFeed.run({ feedId, name, url, now: this.now() });
  }

  /** Part of the caller's transaction (the commit of the readings the cursor covers). */
  saveCursor(c: { feedId: string; lastSeq: number | null; feedTime: number | null }): void {
    this.upsertCursor.run({ ...c, now: this.now() });
  }

  /** The most recently updated cursor (the feed this cache last followed). */
  last(): Cursor | null {
    const row = this.newest.get();
    return row ? toCursor(row) : null;
  }

  get(feedId: string): Cursor | null {
    const row = this.one.get(feedId);
    return row ? toCursor(row) : null;
  }

  /**
   * Forgets stored feed clocks later than `limit` (written by an older CityDesk that took any clock; e.g. one in
   * microseconds). Returns the feeds whose clock was forgotten. The sequence numbers stay: resume still works.
   */
  forgetClocksAfter(limit: number): { feedId: string; feedTime: number }[] {
    const bad = this.db.prepare<[number], { feed_id: string; feed_time: number }>('SELECT feed_id, feed_time FROM feeds WHERE feed_time > ?').all(limit);
    if (bad.length) this.db.prepare('UPDATE feeds SET feed_time = NULL WHERE feed_time > ?').run(limit);
    return bad.map((r) => ({ feedId: r.feed_id, feedTime: r.feed_time }));
  }

  /** The latest stored feed clock of any feed, or null. */
  latestClock(): number | null {
    return this.db.prepare<[], { t: number | null }>('SELECT max(feed_time) AS t FROM feeds').get()?.t ?? null;
  }
}

function toCursor(row: FeedRow): Cursor {
  return { feedId: row.feed_id, lastSeq: row.last_seq, feedTime: row.feed_time, name: row.name, url: row.url };
}
