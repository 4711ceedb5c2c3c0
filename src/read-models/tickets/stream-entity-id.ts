/** The id a stream belongs to: `ticket-<id>` → `<id>`. */
export function streamEntityId(streamId: string, streamType: string): string {
  const prefix = `${streamType}-`;
  if (!streamId.startsWith(prefix)) throw new Error(`Stream ${streamId} is not a ${streamType} stream`);
  return streamId.slice(prefix.length);
}
