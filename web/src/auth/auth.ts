// Sign-in with the Firebase web SDK: email and password (and Google with a real Firebase
// project); in development the Auth Emulator, whose users live only on this machine.
import { initializeApp } from 'firebase/app';
import {
  browserLocalPersistence,
  browserPopupRedirectResolver,
  connectAuthEmulator,
  createUserWithEmailAndPassword,
  GoogleAuthProvider,
  indexedDBLocalPersistence,
  initializeAuth,
  onAuthStateChanged,
  signInWithEmailAndPassword,
  signInWithPopup,
  signOut,
  type Auth,
} from 'firebase/auth';
import type { ClientConfig } from '../app/client-config.js';

export interface SignedInUser {
  readonly uid: string;
  readonly email: string | null;
}

/** A sign-in failure, in words, with the form field it concerns (if any). */
export interface SignInError {
  readonly field: 'email' | 'password' | null;
  readonly message: string;
}

export interface Session {
  readonly emulatorUrl: string | null;
  readonly google: boolean;
  onChange(listener: (user: SignedInUser | null) => void): () => void;
  signIn(email: string, password: string): Promise<SignInError | null>;
  signUp(email: string, password: string): Promise<SignInError | null>;
  signInWithGoogle(): Promise<SignInError | null>;
  signOut(): Promise<void>;
  /** A current ID token (refreshed by the SDK when near expiry), or null when signed out. */
  idToken(): Promise<string | null>;
}

export function createSession(config: ClientConfig): Session | null {
  if (!config.firebase) return null;
  const app = initializeApp(config.firebase);
  const auth: Auth = initializeAuth(app, {
    persistence: [indexedDBLocalPersistence, browserLocalPersistence],
    // Google's popup needs its resolver; the emulator build of the page does without it.
    ...(config.google ? { popupRedirectResolver: browserPopupRedirectResolver } : {}),
  });
  // The page shows its own development notice instead of the SDK's banner.
  if (config.emulatorUrl) connectAuthEmulator(auth, config.emulatorUrl, { disableWarnings: true });

  const attempt = async (run: () => Promise<unknown>): Promise<SignInError | null> => {
    try {
      await run();
      return null;
    } catch (error) {
      return describeAuthError(error, config.emulatorUrl);
    }
  };
  return {
    emulatorUrl: config.emulatorUrl,
    google: config.google,
    onChange: (listener) => onAuthStateChanged(auth, (u) => listener(u ? { uid: u.uid, email: u.email } : null)),
    signIn: (email, password) => attempt(() => signInWithEmailAndPassword(auth, email, password)),
    signUp: (email, password) => attempt(() => createUserWithEmailAndPassword(auth, email, password)),
    signInWithGoogle: () => attempt(() => signInWithPopup(auth, new GoogleAuthProvider())),
    signOut: () => signOut(auth),
    idToken: async () => (auth.currentUser ? auth.currentUser.getIdToken() : null),
  };
}

function describeAuthError(error: unknown, emulatorUrl: string | null): SignInError {
  const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'auth/invalid-credential':
    case 'auth/invalid-login-credentials':
    case 'auth/wrong-password':
    case 'auth/user-not-found':
      return { field: 'password', message: 'Wrong email or password.' };
    case 'auth/invalid-email':
    case 'auth/missing-email':
      return { field: 'email', message: 'Enter an email address such as you@example.com.' };
    case 'auth/email-already-in-use':
      return { field: 'email', message: 'An account with this email exists already: sign in instead.' };
    case 'auth/weak-password':
    case 'auth/missing-password':
      return { field: 'password', message: 'Choose a password of at least 6 characters.' };
    case 'auth/user-disabled':
      return { field: null, message: 'This account is disabled.' };
    case 'auth/too-many-requests':
      return { field: null, message: 'Too many attempts. Wait a minute, then try again.' };
    case 'auth/popup-closed-by-user':
    case 'auth/cancelled-popup-request':
      return { field: null, message: 'Google sign-in was closed before it finished.' };
    case 'auth/network-request-failed':
      return {
        field: null,
        message: emulatorUrl
          ? `The Auth Emulator at ${emulatorUrl} cannot be reached: is it running? (npm run dev starts it.)`
          : 'The sign-in service cannot be reached. Check your connection and try again.',
      };
    default:
      return { field: null, message: 'Sign-in failed. Try again.' };
  }
}
