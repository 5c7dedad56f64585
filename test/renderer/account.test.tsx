// Account screen: sign-in success and refusal (the token input is cleared either way), sign-out, status errors.

import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/renderer/src/App';
import { fail, ok } from '../../src/shared/result';
import { createFakeApi } from './fakeApi';

// uPlot cannot load in jsdom (no matchMedia/canvas): see chartStub.tsx.
vi.mock('../../src/renderer/src/components/TimeSeriesChart', () => import('./chartStub'));

afterEach(cleanup);

async function typeToken(value: string): Promise<HTMLInputElement> {
  const input = (await screen.findByLabelText('Gcore API token')) as HTMLInputElement;
  fireEvent.change(input, { target: { value } });
  expect(input.value).toBe(value);
  return input;
}

describe('Account screen', () => {
  it('signs in with the pasted token, then forgets it', async () => {
    const { api } = createFakeApi();
    render(<App api={api} />);
    const input = await typeToken('  7711_secretTokenValue  ');
    expect(input.type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText(/Signed in to/)).toBeTruthy();
    expect(api.signIn).toHaveBeenCalledWith('7711_secretTokenValue');
    expect(screen.queryByLabelText('Gcore API token')).toBeNull();
    expect(document.body.innerHTML).not.toContain('secretTokenValue');
    expect(screen.getByRole('navigation').textContent).toContain('Signed in');
  });

  it('shows the refusal message and clears the token input', async () => {
    const { api } = createFakeApi({
      signIn: async () => fail('api', 'Gcore refused the token (401): create a token with a Streaming role.'),
    });
    render(<App api={api} />);
    const input = await typeToken('7711_wrongToken');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect((await screen.findByRole('alert')).textContent).toBe(
      'Gcore refused the token (401): create a token with a Streaming role.',
    );
    expect(input.value).toBe('');
    expect(document.body.innerHTML).not.toContain('wrongToken');
    expect(screen.getByRole('navigation').textContent).toContain('Not signed in');
  });

  it('refuses an empty token without calling main', async () => {
    const { api } = createFakeApi();
    render(<App api={api} />);
    await typeToken('   ');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Paste your Gcore API token first.');
    expect(api.signIn).not.toHaveBeenCalled();
  });

  it('signs out', async () => {
    const { api } = createFakeApi({ accountStatus: async () => ok({ signedIn: true, apiBaseUrl: 'https://api.gcore.com' }) });
    render(<App api={api} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByLabelText('Gcore API token')).toBeTruthy();
    expect(api.signOut).toHaveBeenCalledTimes(1);
  });

  it('reports a keychain failure from accountStatus', async () => {
    const { api } = createFakeApi({
      accountStatus: async () => fail('config', 'The OS keychain is not available: start a Secret Service (gnome-keyring).'),
    });
    render(<App api={api} />);
    expect((await screen.findByRole('alert')).textContent).toContain('The OS keychain is not available');
  });
});
