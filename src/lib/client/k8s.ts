// The single import site of @kubernetes/client-node. Only names kctl uses are re-exported so a bundle can tree-shake
// the rest; always import this module lazily (`await import('./k8s.js')`): the library costs ~330 ms to load.
export {KubeConfig, Exec, Attach, PortForward} from '@kubernetes/client-node'
