import os from 'node:os';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES } from '../wire.js';
import type { Doc } from '../values.js';
import type { CommandContext, CommandHandler } from './context.js';

/** The server version we imitate: wire version 21 is MongoDB 7.0. */
export const SERVER_VERSION = '7.0.0';
const MAX_WIRE_VERSION = 21;
const MAX_WRITE_BATCH_SIZE = 100_000;

/**
 * A standalone's hello. No `setName` (not a replica set) and no `topologyVersion`, so the
 * driver polls with hello instead of holding a streaming (awaitable) hello open.
 */
function hello(ctx: CommandContext): Doc {
  const primaryField = ctx.name === 'hello' ? 'isWritablePrimary' : 'ismaster';
  return {
    ...(ctx.cmd.helloOk ? { helloOk: true } : {}),
    [primaryField]: true,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

const ok: CommandHandler = () => ({ ok: 1 });

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'keyhold-embedded',
    versionArray: SERVER_VERSION.split('.').map(Number).concat(0),
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['inMemory'],
    javascriptEngine: 'none',
    modules: [],
    ok: 1,
  };
}

function getParameter(ctx: CommandContext): Doc {
  const known: Doc = { featureCompatibilityVersion: { version: SERVER_VERSION.slice(0, 3) } };
  const wantsAll = ctx.cmd.getParameter === '*' || ctx.cmd.allParameters === true;
  const reply: Doc = {};
  for (const [name, value] of Object.entries(known)) if (wantsAll || name in ctx.cmd) reply[name] = value;
  return { ...reply, ok: 1 };
}

function getLog(ctx: CommandContext): Doc {
  if (ctx.cmd.getLog === '*') return { names: ['global', 'startupWarnings'], ok: 1 };
  return { totalLinesWritten: 0, log: [], ok: 1 };
}

function hostInfo(): Doc {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Math.round(os.totalmem() / 1024 / 1024),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  };
}

function connectionStatus(): Doc {
  return { authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 };
}

function serverStatus(ctx: CommandContext): Doc {
  const uptimeMillis = Date.now() - ctx.stats.startedAt.getTime();
  return {
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis,
    localTime: new Date(),
    connections: { current: ctx.stats.currentConnections(), available: 1_000_000, totalCreated: ctx.stats.totalConnections() },
    ok: 1,
  };
}

/** Commands a driver, mongosh or Compass sends while connecting. */
export const handshakeCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  endSessions: ok,
  refreshSessions: ok,
  getParameter,
  getLog,
  hostInfo,
  connectionStatus,
  serverStatus,
  getCmdLineOpts: () => ({ argv: [], parsed: {}, ok: 1 }),
};

/** What OP_QUERY may still carry since MongoDB 5.1: only the legacy handshake. */
export const LEGACY_OP_QUERY_COMMANDS = new Set(['hello', 'isMaster', 'ismaster']);
