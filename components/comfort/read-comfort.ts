import { cookies } from 'next/headers';
import { parseComfort, type Comfort } from './comfort';

/** The request's comfort settings, from its cookies (server components only). */
export async function readComfort(): Promise<Comfort> {
  const jar = await cookies();
  return parseComfort((name) => jar.get(name)?.value);
}
