// Loads the task register page by page (PAGE_SIZE rows by offset) for the rows the table
// shows, caches the pages, and throws everything away when the filters change.
import { useCallback, useEffect, useRef, useState } from "react";
import { listTasks } from "../api";
import type { TaskRow } from "../bindings/TaskRow";
import { toQuery, type RegisterFilters } from "../state/filters";

export const PAGE_SIZE = 200;
/** Pages kept in memory (60 × 200 = 12,000 rows); the least recently wanted go first. */
const MAX_CACHED_PAGES = 60;
/** While the user drags the scroll bar, ask for pages at most this often. */
const FETCH_INTERVAL_MS = 80;
/** Rows beyond the visible ones that are loaded ahead, so normal scrolling never waits. */
const PREFETCH_ROWS = 100;

export type RegisterData = {
  /** Rows matching the filters; null until the first page arrived. */
  total: number | null;
  /** The date the statuses were derived for (from the back end). */
  asOf: string | null;
  error: unknown;
  clearError: () => void;
  getRow: (index: number) => TaskRow | null;
  /** Tells the loader which rows are on screen (inclusive indices). */
  requestRange: (first: number, last: number) => void;
};

/**
 * `version` moves when the back end reports a write: the pages on screen are fetched
 * again and the old rows stay visible until the new ones arrive (no flicker, same scroll).
 */
export function useRegisterPages(filters: RegisterFilters, version = 0): RegisterData {
  const [total, setTotal] = useState<number | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, setLoadedCount] = useState(0);

  const filtersRef = useRef(filters);
  const cache = useRef(new Map<number, TaskRow[]>());
  /** Rows from before the last write, shown until their page is fetched again. */
  const stale = useRef(new Map<number, TaskRow[]>());
  const pending = useRef(new Set<number>());
  const failed = useRef(new Set<number>());
  const generation = useRef(0);
  const asOfRef = useRef<string | null>(null);
  const totalRef = useRef<number | null>(null);
  const wanted = useRef({ first: 0, last: 0 });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const trailing = useRef(false);

  const fetchPage = useCallback((page: number) => {
    const gen = generation.current;
    pending.current.add(page);
    const query = toQuery(filtersRef.current, page * PAGE_SIZE, PAGE_SIZE, asOfRef.current);
    listTasks(query).then(
      (result) => {
        if (gen !== generation.current) return;
        pending.current.delete(page);
        cache.current.set(page, result.rows);
        evict();
        totalRef.current = result.total;
        setTotal(result.total);
        if (asOfRef.current === null) {
          // Later pages are asked for the same date, so statuses stay consistent.
          asOfRef.current = result.as_of;
          setAsOf(result.as_of);
        }
        setLoadedCount((n) => n + 1);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        pending.current.delete(page);
        failed.current.add(page);
        setError(err);
      },
    );
  }, []);

  function pagesWanted(): number[] {
    const { first, last } = wanted.current;
    const lastRow = totalRef.current === null ? last : Math.min(last + PREFETCH_ROWS, totalRef.current - 1);
    const from = Math.floor(Math.max(0, first - PREFETCH_ROWS) / PAGE_SIZE);
    const to = Math.floor(Math.max(0, lastRow) / PAGE_SIZE);
    const pages: number[] = [];
    for (let p = from; p <= to; p++) pages.push(p);
    return pages;
  }

  function evict() {
    const map = cache.current;
    if (map.size <= MAX_CACHED_PAGES) return;
    const keep = new Set(pagesWanted());
    for (const page of map.keys()) {
      if (map.size <= MAX_CACHED_PAGES) break;
      if (!keep.has(page)) map.delete(page);
    }
  }

  const flush = useCallback(() => {
    for (const page of pagesWanted()) {
      const rows = cache.current.get(page);
      if (rows) {
        // Mark as recently used.
        cache.current.delete(page);
        cache.current.set(page, rows);
      } else if (!pending.current.has(page) && !failed.current.has(page)) {
        fetchPage(page);
      }
    }
  }, [fetchPage]);

  const schedule = useCallback(() => {
    if (timer.current !== null) {
      trailing.current = true;
      return;
    }
    flush();
    timer.current = setTimeout(() => {
      timer.current = null;
      if (trailing.current) {
        trailing.current = false;
        schedule();
      }
    }, FETCH_INTERVAL_MS);
  }, [flush]);

  const requestRange = useCallback(
    (first: number, last: number) => {
      const w = wanted.current;
      if (w.first === first && w.last === last) return;
      wanted.current = { first, last };
      schedule();
    },
    [schedule],
  );

  const filtersKey = JSON.stringify(filters);
  useEffect(() => {
    filtersRef.current = filters;
    generation.current += 1;
    cache.current.clear();
    stale.current.clear();
    pending.current.clear();
    failed.current.clear();
    asOfRef.current = null;
    totalRef.current = null;
    wanted.current = { first: 0, last: 0 };
    setTotal(null);
    setAsOf(null);
    setError(null);
    fetchPage(0);
  }, [filtersKey, fetchPage]); // keyed on the filters' value, not their identity

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
      trailing.current = false;
      generation.current += 1;
    },
    [],
  );

  const firstVersion = useRef(version);
  useEffect(() => {
    if (version === firstVersion.current) return;
    firstVersion.current = version;
    generation.current += 1;
    stale.current = cache.current;
    cache.current = new Map();
    pending.current.clear();
    failed.current.clear();
    flush();
  }, [version, flush]);

  const getRow = useCallback((index: number): TaskRow | null => {
    const page = Math.floor(index / PAGE_SIZE);
    const rows = cache.current.get(page) ?? stale.current.get(page);
    return rows?.[index % PAGE_SIZE] ?? null;
  }, []);

  const clearError = useCallback(() => {
    setError(null);
    failed.current.clear();
    if (totalRef.current === null && pending.current.size === 0) fetchPage(0);
    else flush();
  }, [fetchPage, flush]);

  return { total, asOf, error, clearError, getRow, requestRange };
}
