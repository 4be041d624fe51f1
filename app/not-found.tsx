import Link from 'next/link';
import './globals.css';

// Reached only for paths outside any locale (the proxy sends everything else to /es or /en), so both languages.
export default function RootNotFound() {
  return (
    <html lang="es">
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
