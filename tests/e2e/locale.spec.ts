import { expect, test } from '@playwright/test';
import { SEED } from './helpers';

test.describe('interface language', () => {
  test('/ redirects by Accept-Language: Spanish', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/es$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Biblioteca' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await context.close();
  });

  test('/ redirects by Accept-Language: English', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await context.close();
  });

  test('the switch keeps the current page and its reading mode', async ({ page }) => {
    await page.goto(`/es/read/${SEED}?view=interleaved`);
    await page
      .getByRole('navigation', { name: 'Idioma de la interfaz' })
      .getByRole('link', { name: 'English' })
      .click();
    await expect(page).toHaveURL(new RegExp(`/en/read/${SEED}\\?view=interleaved`));
    await expect(page.getByRole('link', { name: 'Back to the library' })).toBeVisible();
    await expect(page.getByRole('radio', { name: 'Interleaved' })).toBeChecked();
    await page.getByRole('navigation', { name: 'Interface language' }).getByRole('link', { name: 'Español' }).click();
    await expect(page).toHaveURL(new RegExp(`/es/read/${SEED}`));
    await expect(page.getByRole('link', { name: 'Volver a la biblioteca' })).toBeVisible();
  });
});
