'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchChecks, type ChecksAnswer, type CheckFinding } from '@/components/common/api';
import type { ChecksValue } from '@/components/common/checks-context';

export type ChecksLoad = { state: 'loading' } | ChecksAnswer;

/** Saves close together (a reviewer approving one paragraph after another) ask for the checks once. */
const SETTLE_MS = 400;

/**
 * The document's QA checks, run on the server when the page opens and again after each change of its English; the
 * findings by paragraph, with ignores made on the page applied at once.
 */
export function useDocumentChecks(slug: string): {
  load: ChecksLoad;
  value: ChecksValue;
  byParagraph: Map<number, CheckFinding[]>;
} {
  const [load, setLoad] = useState<ChecksLoad>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const [local, setLocal] = useState<ReadonlyMap<string, boolean>>(new Map());
  // Asked again and not yet answered: the findings held are of the English before the change (a save), so what
  // depends on their being current (the editor's term status) says "checking" rather than the old answer.
  const [stale, setStale] = useState(false);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void fetchChecks(slug).then((answer) => {
      if (!live) return;
      setLoad(answer);
      setStale(false);
      // The server's answer now includes every ignore made on the page.
      setLocal(new Map());
    });
    return () => {
      live = false;
    };
  }, [slug, tick]);

  const refresh = useCallback(() => {
    setStale(true);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setTick((n) => n + 1), SETTLE_MS);
  }, []);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const markIgnored = useCallback((finding: Pick<CheckFinding, 'paragraph' | 'key'>, ignored: boolean) => {
    setLocal((m) => new Map(m).set(`${finding.paragraph}:${finding.key}`, ignored));
  }, []);

  const byParagraph = useMemo(() => {
    const out = new Map<number, CheckFinding[]>();
    if (!('ok' in load) || !load.ok) return out;
    for (const f of load.findings) {
      const ignored = local.get(`${f.paragraph}:${f.key}`) ?? f.ignored;
      const finding = ignored === f.ignored ? f : { ...f, ignored };
      const list = out.get(f.paragraph);
      if (list) list.push(finding);
      else out.set(f.paragraph, [finding]);
    }
    return out;
  }, [load, local]);

  const value = useMemo<ChecksValue>(
    () => ({
      findingsOf: (index) => (byParagraph.get(index) ?? []).filter((f) => !f.ignored),
      allFindingsOf: (index) => byParagraph.get(index) ?? [],
      status: 'state' in load || stale ? 'loading' : load.ok ? 'ready' : 'failed',
      refresh,
      markIgnored,
    }),
    [byParagraph, load, stale, refresh, markIgnored],
  );
  return { load, value, byParagraph };
}
