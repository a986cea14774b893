// The bench's parent talks to its server children over the IPC channel: "ready" (address and the
// secrets to present, never printed), CPU time on request, and stop.
export interface ReadyMessage {
  type: 'ready';
  url: string;
  /** Keys to present (never printed): one for /verify, several for GraphQL. */
  secrets: { verify?: string; graphql?: string[] };
}

export type ControlRequest = { type: 'cpu'; id: number } | { type: 'stop' };
export type ControlReply = {
  type: 'cpu';
  id: number;
  micros: number;
  systemMicros: number;
  /** The child's monotonic clock, the one V8's CPU profile timestamps use. */
  monotonicMicros: number;
};

export function serveBenchControl(ready: Omit<ReadyMessage, 'type'>, stop: () => Promise<void>): void {
  if (!process.send) throw new Error('run me from bench/run.ts (needs an IPC channel)');
  process.on('message', (m: ControlRequest) => {
    if (m.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({
        type: 'cpu',
        id: m.id,
        micros: user + system,
        systemMicros: system,
        monotonicMicros: Number(process.hrtime.bigint() / 1000n),
      } satisfies ControlReply);
    } else if (m.type === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  // The parent going away must not leave a server behind.
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));
  process.send({ type: 'ready', ...ready } satisfies ReadyMessage);
}
