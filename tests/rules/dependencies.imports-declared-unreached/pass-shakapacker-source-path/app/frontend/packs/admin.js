import "controllers";
import "channels";
import "cart/cart_controller";
