export interface TSseEvent {
  event: string;
  data: any;
}

/** Reads a Server-Sent Events response to its end (or until `signal` aborts); returns status, headers, events. */
export async function readEvents(url: string, signal?: AbortSignal): Promise<{ status: number; type: string; events: TSseEvent[]; comments: number }> {
  const response = await fetch(url, { signal });
  const events: TSseEvent[] = [];
  let comments = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  const take = (block: string) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith(':'))) {
      comments += 1;
      return;
    }
    const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
    const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
    events.push({ event, data: data === '' ? undefined : JSON.parse(data) });
  };
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        take(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
      }
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', events, comments };
}
