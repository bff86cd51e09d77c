package answer

// DefaultThreshold is the confidence below which no answer is given.
const DefaultThreshold = 0.35

// defaultCalibration is the identity until fitted out-of-fold.
var defaultCalibration = Calibration{}
