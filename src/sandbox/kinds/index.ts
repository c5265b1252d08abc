// Per-kind data and rules for the sandbox API: resource list, defaulting, validation, Tables, field selectors.
export {builtinResources, resourcesFromCRD, subresourceDiscovery, sortVersions, deprecationWarnings, crdFor} from './resources.js'
export {prepareForCreate, prepareForUpdate, resetFieldsForUpdate, specChanged, podQOS, defaultPullPolicy, randomSuffix, type KindContext} from './defaults.js'
export {validate, invalidError, labelSelectorMatches, type FieldError} from './validation.js'
export {toTable, customResourceTable, columnsFor, humanDuration, type ColumnDefinition, type TableOptions} from './tables.js'
export {fieldSelectorValue} from './fields.js'
export {qualifiedKind, qualifiedResource} from './util.js'
