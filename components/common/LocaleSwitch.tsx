'use client';

import { useSearchParams } from 'next/navigation';
import { Link, usePathname } from '@/i18n/navigation';
import type { Locale } from '@/i18n/routing';

type Props = { label: string; current: string; options: { locale: Locale; name: string }[] };

/** Links to the same page in the other interface languages, keeping the query (reading mode, page). */
export default function LocaleSwitch({ label, current, options }: Props) {
  const pathname = usePathname();
  const search = useSearchParams();
  const query = Object.fromEntries(search.entries());
  return (
    <nav aria-label={label} className="locale-switch">
      <ul>
        {options.map(({ locale, name }) => (
          <li key={locale}>
            <Link
              href={{ pathname, query }}
              locale={locale}
              lang={locale}
              hrefLang={locale}
              aria-current={locale === current ? 'true' : undefined}
            >
              {name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
