// Pure JSON patch algorithms shared by the client (apply, patch, edit) and the sandbox server.
export {PatchError, MSG_UNPROCESSABLE, goFormat} from './errors.js'
export {applyJsonPatch} from './json-patch.js'
export {applyMergePatch, createMergePatch, createThreeWayJsonMergePatch} from './merge-patch.js'
export {type PatchField, type PatchSchema, patchSchemaFor, fieldOf, splitStrategy} from './schema.js'
export {applyStrategicMergePatch} from './strategic.js'
export {createThreeWayMergePatch, createTwoWayMergePatch, sortKeys, MSG_IDENTITY_CHANGED} from './three-way.js'
export {deepEqual, clone, isObject} from './util.js'
