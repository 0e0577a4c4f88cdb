import '@testing-library/jest-dom';

// jsdom has no layout engine and no ResizeObserver; the chart and graph libraries observe
// their container's size. A container that never reports a size is what jsdom really has.
class NoLayoutResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoLayoutResizeObserver as any;
