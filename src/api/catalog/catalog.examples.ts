import type { ConcertView } from '../../application/catalog/concert-catalog';

export const EXAMPLE_CONCERT: ConcertView = {
  id: '3f2b8c1e-6d4a-4e9b-a7c5-0b1d2e3f4a5b',
  accountId: '9a1e5c7b-3d2f-4b8a-8e6c-1f0d2b4a6c8e',
  name: 'Winter Tour 2027',
  artist: 'The Examples',
  venue: 'Columbiahalle',
  city: 'Berlin',
  startsAt: '2027-03-14T19:30:00.000Z',
  status: 'on_sale',
  cancelledAt: null,
  ticketLevels: [
    { code: 'GA', name: 'General admission', price: 4500, currency: 'EUR', capacity: 800, available: 800 },
    { code: 'VIP', name: 'VIP balcony', price: 12000, currency: 'EUR', capacity: 50, available: 50 },
  ],
};

export const EXAMPLE_CONCERT_PAGE = {
  items: [EXAMPLE_CONCERT],
  nextCursor: 'MjAyNy0wMy0xNFQxOTozMDowMC4wMDBafDNmMmI4YzFlLTZkNGEtNGU5Yi1hN2M1LTBiMWQyZTNmNGE1Yg',
};

export const LEVEL_RULES =
  'A concert rule is broken (code names it): ticket_levels_required, duplicate_ticket_level_code, negative_price, ' +
  'price_not_minor_units, price_too_large, invalid_currency, negative_capacity, capacity_not_whole_number, capacity_too_large';
