import "controllers";
import "stimulus-use";
