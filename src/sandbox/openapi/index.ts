// OpenAPI documents and schema lookups for the sandbox. Definitions come from npm packages (see definitions.ts) and
// are built on first use, then cached; import this module lazily where start-up time matters.
import type {KObject, ResourceInfo} from '../types.js'
import {type DocOptions, openapiV2} from './documents.js'
import {encodeOpenAPIV2} from './v2proto.js'

export {type DocOptions, groupVersionPath, openapiV2, openapiV3Doc, openapiV3Root} from './documents.js'
export {definitionFor, definitions} from './definitions.js'
export {unknownFields} from './validate.js'
export {OPENAPI_V2_PROTOBUF} from './v2proto.js'

const v2Bytes = new WeakMap<object, Buffer>()

/**
 * /openapi/v2 as kubectl asks for it (Accept application/com.github.proto-openapi.spec.v2@v1.0+protobuf): the
 * openapiV2 document encoded as gnostic's openapi.v2.Document. Serve it with Content-Type OPENAPI_V2_PROTOBUF.
 */
export function openapiV2Protobuf(resources: ResourceInfo[], crds: KObject[], opts: DocOptions = {}): Buffer {
  const doc = openapiV2(resources, crds, opts)
  let bytes = v2Bytes.get(doc)
  if (!bytes) {
    bytes = Buffer.from(encodeOpenAPIV2(doc))
    v2Bytes.set(doc, bytes)
  }
  return bytes
}
