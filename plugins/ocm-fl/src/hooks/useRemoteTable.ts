import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { TableProps } from '@backstage/core-components';
import { HubCacheStates } from '../api/types';

type RemoteData<T extends object> = Extract<
  TableProps<T>['data'],
  (...args: any[]) => any
>;
type Query<T extends object> = Parameters<RemoteData<T>>[0];
type QueryResult<T extends object> = Awaited<ReturnType<RemoteData<T>>>;

/** What a remote page request asks for, in the backend's terms. */
/** Table options of every server-paged table of the plugin. */
export const REMOTE_TABLE_OPTIONS = {
  pageSize: 20,
  pageSizeOptions: [20, 50, 100],
  padding: 'dense' as const,
  emptyRowsWhenPaging: false,
};

/** The same, with the table's search box (sent to the backend, debounced). */
export const SEARCHABLE_REMOTE_TABLE_OPTIONS = {
  ...REMOTE_TABLE_OPTIONS,
  search: true,
  debounceInterval: 300,
};

/** What a table needs of a list response: every paged list of the API has this shape. */
interface Page<T> {
  total: number;
  items: T[];
  hubs?: HubCacheStates;
}

export interface PageRequest {
  search?: string;
  limit: number;
  offset: number;
}

/**
 * Backs a Backstage `Table` with server-side paging and search: the backend filters and
 * slices (thousands of clusters never reach the browser), and `refresh` reloads the page
 * on screen, e.g. after a live change or a filter change. Each row gets the `id` that
 * `rowId` gives it: material-table keeps a row's state by it across reloads.
 */
export function useRemoteTable<T extends object>(
  load: (request: PageRequest) => Promise<Page<T>>,
  filters: DependencyList,
  rowId: (row: T) => string,
) {
  const tableRef = useRef<any>();
  const [error, setError] = useState<Error>();
  const [hubs, setHubs] = useState<HubCacheStates>();
  const [searched, setSearched] = useState(false);
  const latest = useRef({ load, rowId });
  latest.current = { load, rowId };

  const data = useCallback(async (query: Query<T>): Promise<QueryResult<T>> => {
    try {
      const page = await latest.current.load({
        search: query.search || undefined,
        limit: query.pageSize,
        offset: query.page * query.pageSize,
      });
      setError(undefined);
      setHubs(page.hubs);
      setSearched(!!query.search);
      // A page past the end (the list shrank) falls back to the first page.
      if (page.items.length === 0 && query.page > 0 && page.total > 0) {
        return data({ ...query, page: 0 });
      }
      return {
        data: page.items.map(row => ({
          ...row,
          id: latest.current.rowId(row),
        })),
        page: query.page,
        totalCount: page.total,
      };
    } catch (e) {
      setError(e as Error);
      return { data: [], page: 0, totalCount: 0 };
    }
  }, []);

  const refresh = useCallback(() => tableRef.current?.onQueryChange(), []);

  // A changed filter reloads; the first render loads on its own.
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) refresh();
    mounted.current = true;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, filters);

  return { tableRef, data, error, hubs, searched, refresh };
}
