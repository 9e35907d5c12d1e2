import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient, ConnectionInfo } from './types';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside <ApiProvider>');
  return client;
}

/** The link's state; re-renders when it changes. */
export function useConnection(): ConnectionInfo {
  const { connection } = useApi();
  return useSyncExternalStore(connection.subscribe, connection.get);
}
