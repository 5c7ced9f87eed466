export { renderSvg } from './render-svg';
export { learningCurveSpec, ratioBarsSpec, responseSpec } from './learning-curve';
