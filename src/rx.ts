/**
 * The RxJS values the engine uses, each required from its own module of rxjs's CommonJS build
 * (the `rxjs/internal/*` entries of its package exports): `require('rxjs')` loads all 223 of
 * rxjs's modules, about a third of the time of importing phaseless, where these need 70. They
 * are the very objects `require('rxjs')` returns (its index re-exports these modules), so a
 * CommonJS user's Subject is the engine's. Types still come from 'rxjs'.
 *
 * @internal
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Rx from 'rxjs';

export const Observable: typeof Rx.Observable = require('rxjs/internal/Observable').Observable;
export type Observable<T> = Rx.Observable<T>;
export const Subject: typeof Rx.Subject = require('rxjs/internal/Subject').Subject;
export type Subject<T> = Rx.Subject<T>;
export const BehaviorSubject: typeof Rx.BehaviorSubject = require('rxjs/internal/BehaviorSubject').BehaviorSubject;
export type BehaviorSubject<T> = Rx.BehaviorSubject<T>;
export const ReplaySubject: typeof Rx.ReplaySubject = require('rxjs/internal/ReplaySubject').ReplaySubject;
export type ReplaySubject<T> = Rx.ReplaySubject<T>;
export const Subscription: typeof Rx.Subscription = require('rxjs/internal/Subscription').Subscription;
export type Subscription = Rx.Subscription;
export const NEVER: typeof Rx.NEVER = require('rxjs/internal/observable/never').NEVER;
export const of: typeof Rx.of = require('rxjs/internal/observable/of').of;
export const map: typeof Rx.map = require('rxjs/internal/operators/map').map;
export const filter: typeof Rx.filter = require('rxjs/internal/operators/filter').filter;
export const delay: typeof Rx.delay = require('rxjs/internal/operators/delay').delay;
export const share: typeof Rx.share = require('rxjs/internal/operators/share').share;
export const takeUntil: typeof Rx.takeUntil = require('rxjs/internal/operators/takeUntil').takeUntil;
export const distinctUntilChanged: typeof Rx.distinctUntilChanged = require('rxjs/internal/operators/distinctUntilChanged').distinctUntilChanged;
