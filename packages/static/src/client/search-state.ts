/** The search page's state, read from and written to the address bar. */
import { SEARCH_LIMITS } from '@mcdewey/core/ranking';
import { type StaticFilters, type StaticSearchMode } from './engine.js';

export interface SearchState {
  q: string;
  filters: StaticFilters;
  mode: StaticSearchMode | undefined;
  limit: number;
  /** Results skipped (`offset=`): a later page, opened from a "More results" link. */
  offset: number;
  /** False with `interpret=0` (the "Understood" chip's remove link): vendor and version names in the query are not read. */
  interpret: boolean;
  /** False with `correct=0` (the "search instead for" link): the query is searched as typed. */
  correct: boolean;
}

export function readState(params: URLSearchParams): SearchState {
  // An absent filter stays undefined: core counts even an empty `doc` list as a document filter (no grouping).
  const values = (name: string) => {
    const list = params.getAll(name).filter((value) => value !== '');
    return list.length > 0 ? list : undefined;
  };
  const limit = Number(params.get('limit') ?? 10);
  const offset = Number(params.get('offset') ?? 0);
  const mode = params.get('mode');
  return {
    q: params.get('q') ?? '',
    filters: { vendor: values('vendor'), version: values('version'), group: values('group'), doc: values('doc') },
    mode: mode === 'lexical' || mode === 'semantic' || mode === 'hybrid' ? mode : undefined,
    limit: Number.isInteger(limit) && limit >= 1 && limit <= SEARCH_LIMITS.maxLimit ? limit : 10,
    offset: Number.isInteger(offset) && offset >= 0 && offset <= SEARCH_LIMITS.maxOffset ? offset : 0,
    interpret: !/^(0|false|no|off)$/i.test(params.get('interpret') ?? ''),
    correct: !/^(0|false|no|off)$/i.test(params.get('correct') ?? ''),
  };
}

export function stateParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams();
  params.set('q', state.q);
  for (const key of ['vendor', 'version', 'group', 'doc'] as const) for (const value of [state.filters[key] ?? []].flat()) params.append(key, value);
  if (state.mode) params.set('mode', state.mode);
  if (state.limit !== 10) params.set('limit', String(state.limit));
  if (state.offset > 0) params.set('offset', String(state.offset));
  if (!state.interpret) params.set('interpret', '0');
  if (!state.correct) params.set('correct', '0');
  return params;
}
