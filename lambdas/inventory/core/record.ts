// The record and finding types are the contract between the inventory and its readers: they live
// in contract/inventory.ts. This module keeps the inventory's import path.
export * from '../../../contract/inventory';
