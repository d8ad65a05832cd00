import { sql, type Db } from '#lib/db/db.ts';
import type { RenderedMarkdown } from './render.ts';

/** Where renders outlive the process: looked up by the Markdown's hash, for one version of the renderer. */
export type RenderStore = {
  get(key: string): RenderedMarkdown | undefined;
  has(key: string): boolean;
  /** How many renders it holds for this renderer. */
  count(): number;
  /** The HTML alone, for a page (the rest of a render is read when an article loads). */
  html(key: string): string | undefined;
  put(key: string, rendered: RenderedMarkdown): void;
  /** Many at once, in one transaction (one sync of the disk instead of one each). */
  putAll(renders: Array<{ key: string; rendered: RenderedMarkdown }>): void;
};

/**
 * The SQLite-backed store. `build` names the code that renders (`builtRendererStamp()` at start): renders
 * of another are dropped here, because a change to the renderer or the sanitizer must reach every article.
 */
export function sqliteRenderStore(db: Db, build: string): RenderStore {
  sql(db, 'DELETE FROM rendered_markdown WHERE build != ?').run(build);
  const put = (key: string, rendered: RenderedMarkdown) => {
    sql(db, 'INSERT INTO rendered_markdown (key, build, rendered) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET build = excluded.build, rendered = excluded.rendered').run(key, build, JSON.stringify(rendered));
  };
  return {
    get(key) {
      const json = sql(db, 'SELECT rendered FROM rendered_markdown WHERE key = ? AND build = ?').pluck().get(key, build) as string | undefined;
      return json === undefined ? undefined : (JSON.parse(json) as RenderedMarkdown);
    },
    has(key) {
      return sql(db, 'SELECT 1 FROM rendered_markdown WHERE key = ? AND build = ?').pluck().get(key, build) !== undefined;
    },
    count() {
      return sql(db, 'SELECT count(*) FROM rendered_markdown WHERE build = ?').pluck().get(build) as number;
    },
    html(key) {
      return sql(db, "SELECT json_extract(rendered, '$.html') FROM rendered_markdown WHERE key = ? AND build = ?").pluck().get(key, build) as string | undefined;
    },
    put,
    putAll(renders) {
      db.transaction(() => renders.forEach(({ key, rendered }) => put(key, rendered)))();
    },
  };
}

/** Forgets renders no current article uses (edited or deleted since), keeping the table the size of the KB. */
export function pruneRenderStore(db: Db, keep: Set<string>): number {
  const stale = (sql(db, 'SELECT key FROM rendered_markdown').pluck().all() as string[]).filter((key) => !keep.has(key));
  const remove = sql(db, 'DELETE FROM rendered_markdown WHERE key = ?');
  db.transaction(() => stale.forEach((key) => remove.run(key)))();
  return stale.length;
}
