// Checks made before any load: the bench must never end up measuring error pages or empty lists.

interface LevelBody {
  code: string;
  capacity: number;
  available: number;
}

interface ConcertBody {
  id: string;
  city: string;
  status: string;
  ticketLevels: LevelBody[];
}

interface PageBody {
  items: ConcertBody[];
  nextCursor: string | null;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  if (!res.headers.get('content-type')?.includes('application/json')) {
    throw new Error(`GET ${url} answered ${res.headers.get('content-type')}, not JSON`);
  }
  return JSON.parse(text) as T;
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(`catalog-http check failed: ${what}`);
}

const isOnSale = (c: ConcertBody, levels: number): boolean =>
  c.status === 'on_sale' && c.ticketLevels.length === levels && c.ticketLevels.every((l) => l.available === l.capacity);

export async function checkPing(pingUrl: string): Promise<void> {
  const body = await getJson<{ status?: string }>(`${pingUrl}/ping`);
  expect(body.status === 'ok', `GET /ping answered ${JSON.stringify(body)}`);
}

/** Walks the whole public list: the API must see exactly the concerts loaded, all on sale. Returns their ids. */
export async function collectConcertIds(apiUrl: string, expected: number, levels: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page: PageBody = await getJson<PageBody>(`${apiUrl}/concerts?limit=100${query}`);
    expect(
      page.items.every((c) => isOnSale(c, levels)),
      `every listed concert is on sale with ${levels} full levels`,
    );
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor !== null && ids.length <= expected);
  expect(ids.length === expected, `GET /concerts lists ${ids.length} concerts, expected ${expected}`);
  expect(new Set(ids).size === ids.length, 'GET /concerts lists every concert once');
  return ids;
}

export async function checkListPage(apiUrl: string, path: string, limit: number, city?: string): Promise<void> {
  const page = await getJson<PageBody>(`${apiUrl}${path}`);
  expect(page.items.length === limit && page.nextCursor !== null, `GET ${path} returns a full page`);
  if (city)
    expect(
      page.items.every((c) => c.city === city),
      `GET ${path} returns only concerts in ${city}`,
    );
}

export async function checkDetails(apiUrl: string, ids: readonly string[], levels: number): Promise<void> {
  for (const id of ids) {
    const concert = await getJson<ConcertBody>(`${apiUrl}/concerts/${id}`);
    expect(concert.id === id && isOnSale(concert, levels), `GET /concerts/${id} returns that concert, on sale`);
  }
}
