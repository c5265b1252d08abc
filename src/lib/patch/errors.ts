// Errors raised by the patch algorithms, shaped so the sandbox can turn them into the Status kube-apiserver sends.

/** A patch could not be decoded or applied; message is what kube-apiserver / kubectl would say. */
export class PatchError extends Error {
  constructor(
    message: string,
    /** HTTP status kube-apiserver answers with (400 bad patch format, 422 patch does not apply, 500 other). */
    public readonly code: number = 422,
    /** metav1.StatusReason ('' = StatusReasonUnknown). */
    public readonly reason: string = code === 400 ? 'BadRequest' : code === 422 ? 'Invalid' : code === 409 ? 'Conflict' : '',
    /** The library-level cause (for logs); kube-apiserver does not always send it to the client. */
    public readonly detail?: string,
  ) {
    super(message)
    this.name = 'PatchError'
  }
}

// kube-apiserver's NewGenericServerResponse(422) text, used when evanphx/json-patch fails to apply an operation.
export const MSG_UNPROCESSABLE = 'the server rejected our request due to an error in our request'

/** Failure of one JSON patch operation: 422 with the generic message, the library text kept as detail. */
export function unprocessable(detail: string): PatchError {
  return new PatchError(MSG_UNPROCESSABLE, 422, 'Invalid', detail)
}

/** Format a JSON value the way Go's fmt %v prints decoded JSON (map[k:v] with sorted keys, [a b], <nil>). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (Array.isArray(v)) return '[' + v.map(goFormat).join(' ') + ']'
  if (typeof v === 'object') {
    const keys = Object.keys(v as object).sort()
    return 'map[' + keys.map(k => `${k}:${goFormat((v as any)[k])}`).join(' ') + ']'
  }
  return String(v)
}
