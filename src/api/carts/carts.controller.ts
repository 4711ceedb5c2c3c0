import { Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { CartEditor } from '../../application/carts/cart-editor';
import { CartMerger } from '../../application/carts/cart-merger';
import type { CartOwner } from '../../application/carts/cart-ownership';
import { CartQueries } from '../../application/carts/cart-queries';
import type { AuthenticatedUser } from '../../application/identity/authentication';
import { Authenticated, CurrentUser } from '../common/auth';
import { ZodBody, ZodPipe } from '../common/validation';
import { CartOwnerGuard, CurrentCartOwner, RequiredCartToken } from './cart-owner';
import { CART_TOKEN_HEADER, CART_VIEW, LINE_PARAMS, MERGE_RESULT, PROBLEM } from './carts.responses';
import { addItemSchema, changeQuantitySchema, lineParamsSchema } from './carts.schemas';

const VIEW = { description: 'The cart view', schema: CART_VIEW };
const BAD_INPUT = { status: 400, description: 'Malformed body, path or X-Cart-Token', content: PROBLEM };
const UNAUTHORIZED = { status: 401, description: 'A Bearer token was sent but is not valid', content: PROBLEM };
const NO_CART = { status: 404, description: '`cart_not_found`: the X-Cart-Token opened no cart', content: PROBLEM };
const CLOSED = { status: 409, description: '`cart_closed`: the anonymous cart was merged already', content: PROBLEM };

/**
 * The cart of whoever calls: a signed-in user's (Bearer token), or an anonymous visitor's
 * (X-Cart-Token, handed out by the first add).
 */
@ApiTags('cart')
@Controller('cart')
@UseGuards(CartOwnerGuard)
export class CartsController {
  constructor(
    private readonly editor: CartEditor,
    private readonly merger: CartMerger,
    private readonly queries: CartQueries,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiOperation({ summary: 'The cart: lines with names and prices, item count and totals per currency' })
  @ApiResponse({ status: 200, ...VIEW })
  @ApiResponse(BAD_INPUT)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NO_CART)
  view(@CurrentCartOwner() owner: CartOwner | undefined) {
    return this.queries.view(owner);
  }

  @Post('items')
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiOperation({
    summary: 'Add tickets of one concert level (adds to the line if the cart has it)',
    description:
      'Without a Bearer token or X-Cart-Token this opens an anonymous cart and answers with its token in the ' +
      '`X-Cart-Token` header; send it back on later requests, and with `POST /auth/login` to merge the cart.',
  })
  @ApiResponse({
    status: 201,
    ...VIEW,
    description: 'A new line; `X-Cart-Token` is set when an anonymous cart was opened',
    headers: { 'X-Cart-Token': { description: 'Token of the anonymous cart just opened', schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 200, ...VIEW, description: 'The tickets went into an existing line' })
  @ApiResponse(BAD_INPUT)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse({ status: 404, description: '`concert_not_found` or `cart_not_found`', content: PROBLEM })
  @ApiResponse({
    status: 409,
    description: '`not_enough_tickets` (names the available count) or `cart_closed`',
    content: PROBLEM,
  })
  @ApiResponse({
    status: 422,
    description: '`quantity_out_of_range` (1..max per line), `unknown_ticket_level` or `concert_not_on_sale`',
    content: PROBLEM,
  })
  async add(
    @CurrentCartOwner() owner: CartOwner | undefined,
    @ZodBody(addItemSchema) body: z.output<typeof addItemSchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const added = await this.editor.add(owner, body);
    if (added.newToken) res.setHeader('X-Cart-Token', added.newToken);
    res.status(added.newLine ? 201 : 200);
    return this.queries.view(owner ?? { kind: 'anonymous', token: added.newToken! });
  }

  @Patch('items/:concertId/:ticketLevel')
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiParam(LINE_PARAMS.concertId)
  @ApiParam(LINE_PARAMS.ticketLevel)
  @ApiOperation({ summary: "Set a line's quantity (raising it must respect the limits and availability)" })
  @ApiResponse({ status: 200, ...VIEW })
  @ApiResponse(BAD_INPUT)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse({ status: 404, description: '`cart_line_not_found` or `cart_not_found`', content: PROBLEM })
  @ApiResponse({ status: 409, description: '`not_enough_tickets` or `cart_closed`', content: PROBLEM })
  @ApiResponse({
    status: 422,
    description: '`quantity_out_of_range`, `unknown_ticket_level` or `concert_not_on_sale`',
    content: PROBLEM,
  })
  async changeQuantity(
    @CurrentCartOwner() owner: CartOwner | undefined,
    @Param(new ZodPipe(lineParamsSchema, 'path')) line: z.output<typeof lineParamsSchema>,
    @ZodBody(changeQuantitySchema) body: z.output<typeof changeQuantitySchema>,
  ) {
    await this.editor.changeQuantity(owner, { ...line, quantity: body.quantity });
    return this.queries.view(owner);
  }

  @Delete('items/:concertId/:ticketLevel')
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiParam(LINE_PARAMS.concertId)
  @ApiParam(LINE_PARAMS.ticketLevel)
  @ApiOperation({ summary: 'Remove a line' })
  @ApiResponse({ status: 200, ...VIEW })
  @ApiResponse(BAD_INPUT)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse({ status: 404, description: '`cart_line_not_found` or `cart_not_found`', content: PROBLEM })
  @ApiResponse(CLOSED)
  async remove(
    @CurrentCartOwner() owner: CartOwner | undefined,
    @Param(new ZodPipe(lineParamsSchema, 'path')) line: z.output<typeof lineParamsSchema>,
  ) {
    await this.editor.remove(owner, line);
    return this.queries.view(owner);
  }

  @Delete()
  @ApiHeader(CART_TOKEN_HEADER)
  @ApiOperation({ summary: 'Empty the cart' })
  @ApiResponse({ status: 200, ...VIEW })
  @ApiResponse(BAD_INPUT)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NO_CART)
  @ApiResponse(CLOSED)
  async clear(@CurrentCartOwner() owner: CartOwner | undefined) {
    await this.editor.clear(owner);
    return this.queries.view(owner);
  }

  @Post('merge')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: "Merge the anonymous cart named by X-Cart-Token into the signed-in user's cart",
    description:
      'Quantities are capped by the per-line maximum and by availability; lines that cannot be bought are ' +
      'dropped. Each anonymous line is reported with its outcome. Merging a cart twice changes nothing.',
  })
  @ApiHeader({ ...CART_TOKEN_HEADER, required: true, description: 'The anonymous cart to merge' })
  @ApiResponse({ status: 200, description: "The user's cart after the merge", schema: MERGE_RESULT })
  @ApiResponse({ ...BAD_INPUT, description: 'X-Cart-Token missing or malformed' })
  @ApiResponse({ ...UNAUTHORIZED, description: 'Not signed in' })
  @ApiResponse(NO_CART)
  async merge(@CurrentUser() user: AuthenticatedUser, @RequiredCartToken() token: string) {
    const merged = await this.merger.merge(user.id, token);
    return { ...(await this.queries.view({ kind: 'user', userId: user.id })), merged };
  }
}
