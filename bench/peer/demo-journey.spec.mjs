// The demo journey (scenarios/demo-shop.yaml) as a Playwright Test spec: the same clicks and checks, one step a stage.
import { expect, test } from '@playwright/test';

const EMAIL = 'anna.schmidt@example.com';
const PRICE = /€[0-9.,]+/;

test.use({ baseURL: process.env.WALKTHROUGHS_BASE_URL ?? `http://127.0.0.1:${process.env.DEMO_SHOP_PORT}` });

async function priceIn(locator) {
  return (await locator.innerText()).match(PRICE)[0];
}

test('checkout journey: from the Instagram ad to a placed order', async ({ page }) => {
  let price;

  await test.step('ad landing', async () => {
    await page.goto('/landing/trail-runner?utm_source=instagram&utm_medium=paid_social&utm_campaign=spring-run');
    await expect(page.getByRole('heading', { name: 'Trail Runner 2' })).toBeVisible();
    await expect(page.getByTestId('landing-price')).toContainText('€89.00');
  });

  await test.step('product', async () => {
    await page.getByText('Shop now', { exact: true }).click();
    await expect(page).toHaveURL(/\/product\/trail-runner/);
    await expect(page).toHaveURL(/utm_campaign=spring-run/);
    await expect(page.getByRole('heading', { name: 'Trail Runner 2', exact: true })).toBeVisible();
    price = await priceIn(page.getByTestId('product-price'));
    await expect(page.getByTestId('stock')).toContainText('In stock');
    await page.getByLabel('Size', { exact: true }).selectOption('42');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await expect(page.getByRole('status')).toContainText('Added to cart');
    await expect(page.getByTestId('cart-count')).toContainText('1');
  });

  await test.step('cart', async () => {
    await page.getByRole('link', { name: 'Cart', exact: true }).click();
    await expect(page).toHaveURL(/\/cart/);
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await expect(page.getByTestId('cart-line')).toContainText(price);
    await expect(page.getByTestId('cart-line')).toContainText('Size: 42');
    await priceIn(page.getByTestId('cart-total'));
  });

  await test.step('checkout', async () => {
    await page.getByRole('link', { name: 'Checkout' }).click();
    await expect(page).toHaveURL(/\/checkout/);
    await expect(page.getByRole('heading', { name: 'Checkout', exact: true })).toBeVisible();
    await page.getByLabel('Email', { exact: true }).fill(EMAIL);
    await page.getByLabel('Phone').fill('+49 30 1234567');
    await page.getByLabel('Full name').fill('Anna Schmidt');
    await page.getByLabel('Address').fill('Invalidenstraße 117');
    await page.getByLabel('Postcode').fill('10115');
    await page.getByLabel('City').fill('Berlin');
    await page.getByLabel('Country').selectOption({ label: 'Germany' });
    await page.getByRole('radio', { name: 'Standard delivery' }).check();
    await page.getByRole('radio', { name: 'Card', exact: true }).check();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry date').fill('12/34');
    await page.getByLabel('Security code').fill('123');
    await priceIn(page.getByTestId('checkout-total'));
  });

  await test.step('confirmation', async () => {
    await page.getByRole('button', { name: 'Place order' }).click();
    await expect(page).toHaveURL(/\/order\//);
    await expect(page.getByRole('heading', { name: 'Thank you for your order' })).toBeVisible();
    await expect(page.getByTestId('order-number')).toBeVisible();
    expect((await page.getByTestId('order-number').innerText()).match(/WT-[0-9]+/)).not.toBeNull();
    await priceIn(page.getByTestId('order-total'));
  });
});
