import { expect, test } from '@playwright/test';
import { SEED, SEED_TITLE } from './helpers';

// The one browser test CI also runs on Node 24 (.ci/run): what a newcomer does first, end to end through the server,
// the store and the engine's decoder threads.
test('@smoke the library lists the seed article, and its reader fills the English column from the model', async ({
  page,
}) => {
  await page.goto('/en');
  const link = page.getByRole('link', { name: SEED_TITLE });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/en/read/${SEED}`));
  await expect(page.getByRole('heading', { level: 1, name: SEED_TITLE })).toBeVisible();
  await expect(page.getByText('10 of 10 paragraphs translated')).toBeVisible({ timeout: 45_000 });
  const first = page
    .getByRole('list', { name: /Paragraphs of/ })
    .locator(':scope > li')
    .first();
  await expect(first.locator('[lang="es"]')).toContainText('El líder de Corea del Norte');
  await expect(first.locator('[lang="en"]')).toContainText('Test model output, not a translation');
});
