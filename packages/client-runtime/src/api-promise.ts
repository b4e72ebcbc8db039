/**
 * What every generated method answers: a promise of the body that can also give the response's metadata
 * (`withResponse()`), as the SDKs of Stainless do. Awaiting it gives what it always gave.
 */

/**
 * One answered call: the parsed body (undefined for an empty one), the status and headers of the response, the
 * request id it carried, and how many attempts it took.
 *
 * @example
 * const { data, status, requestId, attempts } = await client.listings.get(uuid).withResponse();
 * console.log(status, requestId ?? 'no request id', `${attempts} attempt(s)`, data.title);
 */
export type Sent<T> = {
  data: T;
  status: number;
  headers: Headers;
  /**
   * The request id of the answer: the first of the headers the client reads it from (`X-Request-Id`,
   * `Request-Id`, `X-Correlation-Id` unless configured otherwise) that it carried; undefined when it carried none
   * (neither API documents one).
   */
  requestId: string | undefined;
  /** Attempts sent for this call, retries included (1 when the first one succeeded). */
  attempts: number;
};

/**
 * A promise of the body with `withResponse()` for the metadata. Nothing is parsed twice and nothing is sent
 * again: both read the one answer.
 *
 * @example
 * const ad = await client.car.get('car-1');                                   // the body, as before
 * const { data, status, headers, requestId } = await client.car.get('car-1').withResponse();
 */
export class ApiPromise<T> extends Promise<T> {
  readonly #sent: Promise<Sent<T>>;
  #data: Promise<T> | undefined;

  constructor(sent: Promise<Sent<T>>) {
    // The promise itself is a placeholder that is never observed: then/catch/finally read `sent` instead, so a
    // call whose caller only uses withResponse() leaves no second, unhandled rejection behind.
    super((resolve) => resolve(undefined as T));
    this.#sent = sent;
  }

  /** `then` and friends of plain promises, not of this class. */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** The body together with the status, headers, request id and attempts of the response. */
  withResponse(): Promise<Sent<T>> {
    return this.#sent;
  }

  #body(): Promise<T> {
    this.#data ??= this.#sent.then((sent) => sent.data);
    return this.#data;
  }

  override then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    // `await` calls this once: one promise on the answer, not a second one for the body in between.
    if (typeof onFulfilled === 'function') return this.#sent.then((sent) => onFulfilled(sent.data), onRejected);
    return this.#body().then(onFulfilled, onRejected);
  }

  override catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.#body().catch(onRejected);
  }

  override finally(onFinally?: (() => void) | null): Promise<T> {
    return this.#body().finally(onFinally);
  }
}
