// oidc-provider's storage for one dev identity provider: in memory, shared by the provider instances
// that key rotation builds, so sessions, codes and refresh tokens outlive a rotation.
type Payload = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string };

interface Entry {
  payload: Payload;
  expiresAt: number;
}

export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  get(key: string): Payload | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  }

  set(key: string, payload: Payload, expiresInSeconds: number): void {
    this.entries.set(key, { payload, expiresAt: Date.now() + expiresInSeconds * 1000 });
    if (++this.writes % 500 === 0) {
      this.sweep();
    }
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  find(predicate: (key: string, payload: Payload) => boolean): string[] {
    return [...this.entries].filter(([key, { payload }]) => predicate(key, payload)).map(([key]) => key);
  }
}

/** The adapter class oidc-provider instantiates once per model name, over one store. */
export function memoryAdapter(store: MemoryStore): new (model: string) => MemoryAdapter {
  return class extends MemoryAdapter {
    constructor(model: string) {
      super(store, model);
    }
  };
}

export class MemoryAdapter {
  constructor(
    private readonly store: MemoryStore,
    private readonly model: string,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  upsert(id: string, payload: Payload, expiresIn: number): Promise<void> {
    this.store.set(this.key(id), payload, expiresIn);
    return Promise.resolve();
  }

  find(id: string): Promise<Payload | undefined> {
    return Promise.resolve(this.store.get(this.key(id)));
  }

  findByUid(uid: string): Promise<Payload | undefined> {
    const [key] = this.store.find((k, p) => k.startsWith(`${this.model}:`) && p.uid === uid);
    return Promise.resolve(key === undefined ? undefined : this.store.get(key));
  }

  findByUserCode(userCode: string): Promise<Payload | undefined> {
    const [key] = this.store.find((k, p) => k.startsWith(`${this.model}:`) && p.userCode === userCode);
    return Promise.resolve(key === undefined ? undefined : this.store.get(key));
  }

  consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) {
      payload.consumed = Math.floor(Date.now() / 1000);
    }
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const key of this.store.find((_k, p) => p.grantId === grantId)) {
      this.store.delete(key);
    }
    return Promise.resolve();
  }
}
