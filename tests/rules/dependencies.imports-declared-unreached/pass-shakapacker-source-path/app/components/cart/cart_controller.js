export default class CartController {}
