import Link from 'next/link';
import { comfortAttributes } from '@/components/comfort/comfort';
import { readComfort } from '@/components/comfort/read-comfort';
import './globals.css';

// Reached only for paths outside any locale (the proxy sends everything else to /es or /en), so both languages.
export default async function RootNotFound() {
  const comfort = await readComfort();
  return (
    <html lang="es" {...comfortAttributes(comfort)}>
      <body>
        <main id="main" className="page narrow">
          <h1>
            Página no encontrada · <span lang="en">Page not found</span>
          </h1>
          <p>
            <Link href="/es">Ir a la biblioteca</Link> ·{' '}
            <Link href="/en" lang="en">
              Go to the library
            </Link>
          </p>
        </main>
      </body>
    </html>
  );
}
