import { createContext } from 'preact';
import type { ClientConfig } from './client-config.js';

/** The server's dashboard configuration (/dashboard/config.json), for forms that show defaults. */
export const ConfigContext = createContext<ClientConfig | null>(null);
