// Constructors for the Status errors kube-apiserver returns, with its exact wording.
import {ApiError, type ResourceInfo} from '../types.js'

/** `pods` or `deployments.apps`: how kube-apiserver names a resource in messages. */
export function qualifiedResource(info: {group: string; resource: string}): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource
}

function details(info: {group: string; resource: string}, name: string): {name: string; group?: string; kind: string} {
  return info.group ? {name, group: info.group, kind: info.resource} : {name, kind: info.resource}
}

/** 404 NotFound for one object. */
export function notFound(info: {group: string; resource: string}, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, details(info, name))
}

/** 409 AlreadyExists. */
export function alreadyExists(info: {group: string; resource: string}, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, details(info, name))
}

/** 409 Conflict with a custom explanation. */
export function conflict(info: {group: string; resource: string}, name: string, why: string): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, details(info, name))
}

/** 409 Conflict for a stale resourceVersion. */
export function staleConflict(info: {group: string; resource: string}, name: string): ApiError {
  return conflict(info, name, 'the object has been modified; please apply your changes to the latest version and try again')
}

/** 400 BadRequest. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message)
}

/** 404 for a path or type the server does not serve. */
export function notServed(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource')
}

/** 405 for a verb a resource does not support. */
export function methodNotSupported(info: ResourceInfo, verb: string): ApiError {
  return new ApiError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${info.resource}"`, {kind: info.resource})
}

/** 422 Invalid with field causes. */
export function invalid(
  info: {group: string; kind: string},
  name: string,
  causes: {reason: string; message: string; field: string}[],
): ApiError {
  const qk = info.group ? `${info.kind}.${info.group}` : info.kind
  const msgs = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message))
  const msg = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`
  return new ApiError(422, 'Invalid', `${qk} "${name}" is invalid: ${msg}`, {
    name,
    ...(info.group ? {group: info.group} : {}),
    kind: info.kind,
    causes,
  })
}

/** 500 InternalError. */
export function internal(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`, {causes: [{message}]})
}
