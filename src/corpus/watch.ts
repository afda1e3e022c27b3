import { type FSWatcher, watch as fsWatch, type Stats, statSync } from "node:fs";
import path from "node:path";

/**
 * Tells when files of a corpus folder change, a moment after the last change of a burst, so an
 * editor saving (or a tool copying a hundred files) causes one reload, not one per write.
 *
 * It watches the three folders the corpus layout has (the corpus folder, `articles/` and
 * `deals/`) each with a plain `fs.watch`, not `{ recursive: true }`: on Linux, Node 20's
 * recursive watcher watches every file by itself and loses a file once an editor saves it by
 * writing a temporary file and renaming it over the original (vim, sed -i, many IDEs): later
 * saves and even deleting the file then go unreported. A folder's own watch reports every
 * entry created, written, renamed or removed in it, whatever happens to the entries' inodes.
 */

export interface WatchOptions {
  /** Called with the corpus-relative paths that changed (possibly none: "look at everything"). */
  onChange(paths: string[]): void;
  /** Quiet time after the last event before `onChange` (default 300 ms). */
  debounceMs?: number;
  /** Longest wait from the first event of a burst, so a folder that never calms down still
   * reloads (default 2 s). */
  maxWaitMs?: number;
  /** How often to re-check folders that could not be watched or were replaced (default 2 s). */
  recheckMs?: number;
  onError?(error: unknown, folder: string): void;
  /** For tests: stands in for `fs.watch` and `fs.statSync`. */
  fs?: { watch: typeof fsWatch; statSync: typeof statSync };
}

export interface CorpusWatcher {
  close(): void;
}

export const DEFAULT_DEBOUNCE_MS = 300;
const DEFAULT_MAX_WAIT_MS = 2_000;
const DEFAULT_RECHECK_MS = 2_000;

/** The files a corpus is made of; editors' swap, backup and temporary files are not. */
export function isCorpusPath(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  const name = parts.at(-1) ?? "";
  if (parts.length === 1) return ["companies.json", "articles", "deals"].includes(name);
  if (parts.length !== 2 || name.startsWith(".")) return false;
  if (parts[0] === "articles") return name.endsWith(".md");
  if (parts[0] === "deals") return name.endsWith(".json");
  return false;
}

export function watchCorpus(dir: string, options: WatchOptions): CorpusWatcher {
  const fs = options.fs ?? { watch: fsWatch, statSync };
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const folders = ["", "articles", "deals"];
  // Each watched folder with the inode it had, to notice a folder deleted and made again.
  const watchers = new Map<string, { watcher: FSWatcher; ino: number }>();
  const pending = new Set<string>();
  let burstStarted: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const flush = () => {
    timer = undefined;
    burstStarted = undefined;
    const paths = [...pending].sort();
    pending.clear();
    if (!closed) options.onChange(paths);
  };

  const changed = (relative: string | undefined) => {
    if (closed) return;
    if (relative !== undefined) pending.add(relative);
    const now = Date.now();
    burstStarted ??= now;
    clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, burstStarted + maxWaitMs - now)));
  };

  const inode = (folder: string): number | undefined => {
    try {
      const info: Stats = fs.statSync(path.join(dir, folder));
      return info.isDirectory() ? info.ino : undefined;
    } catch {
      return undefined;
    }
  };

  const unwatch = (folder: string) => {
    watchers.get(folder)?.watcher.close();
    watchers.delete(folder);
  };

  /** Watches `folder` unless it is already watched as it is now; true if it was (re)attached. */
  const attach = (folder: string): boolean => {
    const ino = inode(folder);
    const current = watchers.get(folder);
    if (current && current.ino === ino) return false;
    unwatch(folder);
    if (ino === undefined) return current !== undefined;
    try {
      const watcher = fs.watch(path.join(dir, folder), { persistent: false }, (_event, name) => {
        const relative = name ? path.join(folder, name.toString()) : undefined;
        if (relative !== undefined && !isCorpusPath(relative)) return;
        // A subfolder made, removed or replaced: watch the one that is there now.
        if (folder === "" && (name === "articles" || name === "deals")) attach(name);
        changed(relative);
      });
      watcher.on("error", (error) => {
        unwatch(folder);
        options.onError?.(error, path.join(dir, folder));
        changed(undefined);
      });
      watchers.set(folder, { watcher, ino });
    } catch (error) {
      options.onError?.(error, path.join(dir, folder));
    }
    return true;
  };

  for (const folder of folders) attach(folder);
  // A folder missing at start, or deleted and made again, is watched once it is there; what
  // happened in it meanwhile went unseen, so that counts as a change.
  const recheck = setInterval(() => {
    let reattached = false;
    for (const folder of folders) reattached = attach(folder) || reattached;
    if (reattached) changed(undefined);
  }, options.recheckMs ?? DEFAULT_RECHECK_MS);
  recheck.unref();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(recheck);
      for (const folder of [...watchers.keys()]) unwatch(folder);
    },
  };
}
